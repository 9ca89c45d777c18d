// Chuỗi dùng chung cho mọi trang: điều hướng, nút, trạng thái.
export const common: Record<string, string> = {
  'common.loading': 'Đang tải…',
  'common.language': 'Ngôn ngữ',
};
